package uk.meterwatch.core.srv;

/** DUIS "Future Dated Response Pattern": who holds a future-dated command until it runs. */
public enum FutureDatedPattern {
  NO,
  DSP,
  DEVICE,
  DSP_AND_DEVICE;

  static FutureDatedPattern parse(String text) {
    return switch (text.trim()) {
      case "No" -> NO;
      case "DSP" -> DSP;
      case "Device" -> DEVICE;
      case "DSP & Device" -> DSP_AND_DEVICE;
      default -> throw new IllegalArgumentException("unknown future dated pattern: " + text);
    };
  }
}
