-- Which PyTorch natives a worker node's training processes load, their flavour (cpu, cu128) and the GPUs its
-- driver lists (comma-separated model names), so that GET /api/v1/nodes says why a node has or has no CUDA device.
ALTER TABLE worker_node ADD COLUMN natives VARCHAR(1000) NOT NULL DEFAULT 'unknown';
ALTER TABLE worker_node ADD COLUMN flavor VARCHAR(40) NOT NULL DEFAULT 'cpu';
ALTER TABLE worker_node ADD COLUMN gpus VARCHAR(2000) NOT NULL DEFAULT '';
