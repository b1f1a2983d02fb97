import CatalogTestSupport
import Foundation
import Testing

/// `show` of a branching graph (the "Connected to" column and the CSV inputs) and of a name whose
/// bytes are not its width, written by hand from the documents below.
@Suite("CLI: show of a branching graph, column widths")
struct ShowBranchingTests {
    /// The branching document (FixtureDocuments.branching: its numbers worked out there).
    static let document = FixtureDocuments.branching

    @Test("The table's Connected to column and the CSV inputs")
    func connectedTo() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try cli.output(["add", "--quiet", try cli.write("branching.json", Self.document)])
        // Shares: 20/70 = 28.6% (2.86 of 10 characters: 23 eighths, ██▉); 10/70 = 14.3% (11: █▍).
        expectSameText(try cli.output(["show", "branching"]), """
            Architecture: "branching"  (keras convention, 6 layers, depth 3)
            Layer (type)        Output Shape  Param #  MACs  Share       Connected to
            ─────────────────────────────────────────────────────────────────────────────
            input (InputLayer)  (4,)                0     0              -
            a (Dense)           (4,)               20    16  28.6%  ██▉  input[0][0]
            b (Dense)           (4,)               20    16  28.6%  ██▉  a[0][0]
            sum (Add)           (4,)                0     0              a[0][0], b[0][0]
            skip (Dense)        (4,)               20    16  28.6%  ██▉  a[0][0]
            last (Dense)        (2,)               10     8  14.3%  █▍   skip[0][0]
             Total params: 70 (280.00 B)
             Trainable params: 70 (280.00 B)
             Non-trainable params: 0 (0.00 B)
             Total MACs: 56 (56)
             Sizes in parentheses after the params totals copy Keras' model.summary(): float32, its "MB" = 1024² bytes (MiB); the tool's own sizes are 1024-based with IEC labels (KiB, MiB, GiB).

            """)
        expectSameText(try cli.output(["show", "branching", "--format", "csv"]), """
            name,type,output_shapes,params,trainable_params,non_trainable_params,macs,inputs
            input,InputLayer,"(4,)",0,0,0,0,
            a,Dense,"(4,)",20,20,0,16,input
            b,Dense,"(4,)",20,20,0,16,a
            sum,Add,"(4,)",0,0,0,0,a b
            skip,Dense,"(4,)",20,20,0,16,a
            last,Dense,"(2,)",10,10,0,8,skip

            """)
    }

    @Test("A CR LF in a layer name is shown escaped, and the widths count what is shown")
    func carriageReturnWidth() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let document = """
            {"name": "crlf", "input": [4], "layers": [{"type": "Dense", "name": "long\\r\\nlayer\\r\\nname", "units": 2}]}
            """
        _ = try cli.output(["add", "--quiet", try cli.write("crlf.json", document)])
        // Shown with visible escapes, long\r\nlayer\r\nname (Dense): 4 + 4 + 5 + 4 + 4 + 8 = 29 Characters, so the
        // column is 29 wide and the rule 6 longer than for 23.
        // Dense 2 on 4 features: (4 + 1)·2 = 10 parameters (40 bytes), 8 MACs, 100% of them.
        expectSameText(try cli.output(["show", "crlf"]), """
            Architecture: "crlf"  (keras convention, 2 layers, depth 1)
            Layer (type)                   Output Shape  Param #  MACs   Share
            ──────────────────────────────────────────────────────────────────────────────
            input (InputLayer)             (4,)                0     0
            long\\r\\nlayer\\r\\nname (Dense)  (2,)               10     8  100.0%  ██████████
             Total params: 10 (40.00 B)
             Trainable params: 10 (40.00 B)
             Non-trainable params: 0 (0.00 B)
             Total MACs: 8 (8)
             Sizes in parentheses after the params totals copy Keras' model.summary(): float32, its "MB" = 1024² bytes (MiB); the tool's own sizes are 1024-based with IEC labels (KiB, MiB, GiB).

            """)
    }
}
