/// FabricRules holds the checker: rules as values, their configuration and the default rule set.
public enum FabricRulesModule {}
