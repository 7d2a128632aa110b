SELECT mplp_create_module_table('traces');
