SELECT mplp_create_module_table('extensions');
SELECT mplp_create_module_table('collabs');
SELECT mplp_create_module_table('dialogs');
