/// Native documents more than one test target reads, with what they are made to show.
public enum FixtureDocuments {
    /// `a` and `b` follow the previous layer; `sum` adds `a` and `b` (two inputs); `skip` is fed
    /// by `a`, not by the previous layer; `last` follows `skip`. Dense 4 on 4 features:
    /// (4 + 1)·4 = 20 parameters, 4·4 = 16 MACs; Dense 2: (4 + 1)·2 = 10 and 8; Add: none. Total
    /// 70 parameters (280 bytes), 56 MACs; depth 3 (a, skip, last).
    public static let branching = """
        {
          "name": "branching",
          "input": [4],
          "layers": [
            {"type": "Dense", "name": "a", "units": 4},
            {"type": "Dense", "name": "b", "units": 4},
            {"type": "Add", "name": "sum", "inputs": ["a", "b"]},
            {"type": "Dense", "name": "skip", "units": 4, "inputs": ["a"]},
            {"type": "Dense", "name": "last", "units": 2}
          ]
        }
        """

    /// Layer 5 ('too_big') is impossible: after two valid 3x3 convolutions (8 → 6 → 4) and 2x2
    /// pooling (4 → 2), a 5x5 kernel does not fit a 2x2 input.
    public static let impossible = """
        {
          "name": "impossible",
          "input": [8, 8, 1],
          "layers": [
            {"type": "Conv2D", "filters": 4, "kernel_size": 3},
            {"type": "Conv2D", "filters": 4, "kernel_size": 3},
            {"type": "MaxPooling2D", "pool_size": 2},
            {"type": "Dropout", "rate": 0.5},
            {"type": "Conv2D", "name": "too_big", "filters": 4, "kernel_size": 5}
          ]
        }
        """
}
