/// The version stamped into journals, checkpoints' run records and reports.
public enum SentradeVersion {
    public static let current = "0.4.0"
}
