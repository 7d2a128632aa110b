-- A confirm's context is its target's; the target itself may be of several modules, so it is
-- checked by the application, not by a foreign key.
SELECT mplp_create_module_table('confirms');
