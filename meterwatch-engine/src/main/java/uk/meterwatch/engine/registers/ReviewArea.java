package uk.meterwatch.engine.registers;

/** The five areas of a Major Incident Review, each given a RAG status with its reasoning. */
public enum ReviewArea {
  IDENTIFICATION("identification", "Identification"),
  CLASSIFICATION("classification", "Classification/Prioritisation"),
  INVESTIGATION("investigation", "Investigation/Diagnosis"),
  RESOLUTION("resolution", "Resolution/Closure"),
  COMMUNICATIONS("communications", "Customer Communications");

  private final String column;
  private final String label;

  ReviewArea(String column, String label) {
    this.column = column;
    this.label = label;
  }

  /** The prefix of its columns: identification_rag, identification_reasoning. */
  public String column() {
    return column;
  }

  public String label() {
    return label;
  }
}
