/// FabricDesigns generates the reference fabric families and named designs.
public enum FabricDesignsModule {}
