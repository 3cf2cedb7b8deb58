-- A node's worker slots per device (training.worker.slots on the CPU, training.worker.gpu-slots on each GPU), as
-- "cpu=1,cuda:0=1"; worker_node.slots stays their sum.
ALTER TABLE worker_node ADD COLUMN slots_by_device VARCHAR(1000) NOT NULL DEFAULT '';
