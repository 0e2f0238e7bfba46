/**
 * The environment of the analysis's own Node processes (the workers and the ffmpeg launcher): the
 * parent's, without NODE_EXTRA_CA_CERTS. Node reads and parses that certificate bundle while it
 * starts, before any code runs (here: 85–92 ms of CPU for `node -e 1` with it set, 29–40 ms
 * without), and these processes never open a TLS connection: they decode and compute locally.
 * The CLI itself keeps it (it is the user's), and so does ffmpeg (it does not read it).
 */
export function analysisChildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _certificates, ...rest } = env;
  return rest;
}
