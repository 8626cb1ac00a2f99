/// FabricGraphML reads and writes fabric designs as GraphML (see `docs/graphml-schema.md`).
public enum FabricGraphMLModule {}
