"""Stage 5: validation — the native SHACL engine (pySHACL is the reference in tests) and its report."""
