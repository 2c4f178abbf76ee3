// The application service and what transports need next to it (media paths and their resolver).
export { LikenessService, toCallFailure, type ServiceOptions } from './service';
export { MediaRoots, resolveMedia, resolveStatic, parseMediaPath, mediaContentType, folderKey, thumbMediaPath, fullMediaPath, type MediaUrl, type MediaResolution } from './media';
export { PROGRESS_INTERVAL_MS } from './jobs';
