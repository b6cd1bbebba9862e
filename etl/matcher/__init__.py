"""Template matching: a reader's Document → canonical values, metadata and findings."""
