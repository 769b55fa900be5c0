-- The delivery poll reads the unsent messages through outbox_unsent_idx (V19) in id order. The older
-- (state, next_attempt_at) index drew the planner to a bitmap scan of every PENDING entry the index still holds:
-- each message goes PENDING -> SENDING -> SENT, and the entries of its earlier versions stay until a vacuum.
-- A bitmap scan visits the heap for each of them every poll and never marks them dead (17 ms per poll at 65,000
-- dead versions); the plain index scan of the partial index marks them as it passes, so the next poll skips them
-- (0.17 ms). Nothing else reads the old index. H2 keeps it: it has no partial index.
drop index if exists outbox_due_idx;
