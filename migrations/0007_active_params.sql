-- 0007_active_params: parameters a token uses (mixture-of-experts models leave the routed experts
-- it is not sent to idle); equal to total_params for every other model. Filled by the compute
-- service with the other cached columns (existing rows on their recompute).
ALTER TABLE architectures ADD COLUMN active_params INTEGER;
CREATE INDEX architectures_active_params ON architectures (active_params, name);
