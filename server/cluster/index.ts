export { startCluster, type ClusterOptions, type RestartPolicy, type RunningCluster } from './primary.ts';
export { ClusterMetrics, isClusterWorker, onStopRequest, workerSlot } from './worker.ts';
