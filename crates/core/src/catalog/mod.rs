//! The AWS service catalog (actions, resource types, condition keys) and catalog-aware lint.
//!
//! OWNER: helper "catalog".
