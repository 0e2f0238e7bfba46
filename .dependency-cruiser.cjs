/**
 * The layer rule, written down once. Genrewise's data path runs one way
 * (file → tags → audio → features → prediction → review → tags/playlists), and so do its imports:
 * a module may import from its own stage and from earlier stages, never from a later one.
 * Stages on one row are siblings: they may not import each other. The model stage (training,
 * ONNX export, inference on feature vectors) needs no audio, and the analysis worker runs its
 * inference beside the features, so it comes before analysis.
 * `npm test` runs this check (npm run layers); README "Architecture" explains each stage.
 */
const STAGES = [
  ['shared'],
  ['core/library'],
  ['core/model'],
  ['core/analysis'],
  ['core/prediction'],
  ['core/decisions'],
  ['core/learning', 'core/evaluation'],
  ['core/similarity'],
  ['core/review'],
  ['core/tags', 'core/playlists'],
  ['core/service'],
  ['core/server'],
  ['core/cli', 'electron/main', 'electron/preload'],
];

const esc = (s) => s.replace(/[/.]/g, (c) => `\\${c}`);
const pathOf = (stage) => `^${esc(stage)}/`;
const anyOf = (stages) => `^(${stages.map(esc).join('|')})/`;

const layerRules = STAGES.flatMap((row, rank) =>
  row.map((stage) => {
    const later = STAGES.slice(rank + 1).flat();
    const siblings = row.filter((s) => s !== stage);
    const forbidden = [...later, ...siblings];
    return {
      name: `layer:${stage}`,
      severity: 'error',
      comment: `${stage} may import only from its own stage and earlier ones (${STAGES.slice(0, rank)
        .flat()
        .join(', ')}).`,
      from: { path: pathOf(stage) },
      to: { path: anyOf(forbidden) },
    };
  }),
).filter((rule) => rule.to.path !== '^()/');

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import circles hide the order of things; a circle within a stage is still a circle.',
      from: { path: anyOf(['core', 'shared', 'electron', 'renderer']) },
      to: { circular: true },
    },
    {
      name: 'electron-only-in-shell',
      severity: 'error',
      comment: 'Only the desktop shell (electron/main, electron/preload) may import electron.',
      from: { pathNot: '^electron/(main|preload)/' },
      to: { path: '^electron$|node_modules/electron/' },
    },
    {
      name: 'renderer-reaches-backend-through-shared-api',
      severity: 'error',
      comment: 'The UI talks to the backend only through the typed API in shared/.',
      from: { path: '^renderer/' },
      to: { path: '^(core|electron)/' },
    },
    {
      name: 'shared-is-a-leaf',
      severity: 'error',
      comment: 'shared/ is the contract both sides read; it imports nothing of theirs.',
      from: { path: '^shared/' },
      to: { path: '^(core|electron|renderer)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|out|release|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
