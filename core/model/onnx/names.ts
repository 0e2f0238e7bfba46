/**
 * The names an exported genre model and its readers agree on, in a module of their own so that
 * reading a model (inference, in the CLI and in every analysis worker) never loads the exporter's
 * protobuf classes.
 *
 * Every exported genre model shares one interface, so inference does not care which classifier is
 * inside: input `features` float [N, F] in the card's feature order; outputs `label` string [N]
 * (the argmax of the probabilities), `probabilities` float [N, C] in the card's genre order and,
 * where the model has an out-of-distribution reference, `ood` float [N].
 */
export const FEATURES_INPUT = 'features';
export const LABEL_OUTPUT = 'label';
export const PROBABILITIES_OUTPUT = 'probabilities';
export const OOD_OUTPUT = 'ood';

/** ModelProto metadata, so a model file can be checked against its card. */
export const METADATA_KIND = 'genrewise.kind';
export const METADATA_LABELS = 'genrewise.labels';
export const METADATA_FEATURES = 'genrewise.feature_names';
