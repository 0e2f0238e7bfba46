import {
  ApiError,
  type ApiEventName,
  type ApiEvents,
  type ApiMethod,
  type ApiParams,
  type ApiResult,
  type GenrewiseClient,
} from '../../../shared/api/contract';
import type { PreloadBridge } from '../../../shared/api/preload-bridge';
import type { Transport } from './transport';

/** The app transport: the preload's `window.genrewise` bridge, wrapped to throw ApiError like HTTP does. */
export class IpcClient implements GenrewiseClient {
  readonly kind = 'electron' as const;

  constructor(private readonly bridge: PreloadBridge) {}

  async call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
    const response = await this.bridge.call(method, params);
    if (!response.ok) throw new ApiError(response.error.code, response.error.message);
    return response.result as ApiResult<M>;
  }

  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    return this.bridge.on(event, listener);
  }
}

export function ipcTransport(bridge: PreloadBridge): Transport {
  return {
    client: new IpcClient(bridge),
    mediaUrl: (id) => bridge.mediaUrl(id),
    pickFolder: () => bridge.pickFolder(),
    pickFfmpeg: () => bridge.pickFfmpeg(),
    pathForFile: (file) => bridge.pathForFile(file),
  };
}
