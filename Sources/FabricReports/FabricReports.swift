/// FabricReports turns findings and analyses into text, JSON, SARIF, JUnit, GitHub annotations and pictures.
public enum FabricReportsModule {}
