//! The page's components, one per file.

pub mod banner;
pub mod challenge;
pub mod commit_field;
pub mod doc_editor;
pub mod doc_tools;
pub mod entity_details;
pub mod examples;
pub mod export_menu;
pub mod hops;
pub mod identity_search;
pub mod import;
pub mod import_paste;
pub mod kv_table;
pub mod managed_picker;
pub mod notes;
pub mod organization;
pub mod policy_pane;
pub mod principal;
pub mod problems;
pub mod request_panel;
pub mod result;
pub mod scenario_pick;
pub mod sidebar;
pub mod split_panes;
pub mod step_pane;
pub mod toolbar;
