/// FabricGraph is the analysis engine: an immutable CSR graph with failure masks and the algorithms on it.
public enum FabricGraphModule {}
