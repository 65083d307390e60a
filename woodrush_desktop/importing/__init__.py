"""Reading MIS register exports into snapshots: every shape, checked, all or nothing."""
