import CatalogTestSupport
import Foundation
import Testing

/// A small catalog for whole-output tests: the seed `lenet5` and four hand-made architectures.
///
/// Numbers, worked out by hand:
/// - lenet5 (seed): 61,706 parameters; MACs 28·28·6·25 + 10·10·16·150 + 120·400 + 120·84 + 84·10
///   = 117,600 + 240,000 + 48,000 + 10,080 + 840 = 416,520.
/// - tiny: Conv2D 8 3x3 on 28x28x1 → (26, 26, 8), (9+1)·8 = 80, 26·26·8·9 = 48,672 MACs; pool →
///   (13, 13, 8); flatten 1,352; Dense 10: (1,352+1)·10 = 13,530, 13,520 MACs. 13,610 / 62,192.
/// - small_bn (keras): Conv2D 4 3x3 no bias on 8x8x3 → (6, 6, 4), 27·4 = 108, 36·4·27 = 3,888
///   MACs; BatchNormalization 4·4 = 16 (8 trainable, 8 moving statistics non-trainable); global
///   pooling → (4,); Dense 2: (4+1)·2 = 10, 8 MACs. 134 = 126 + 8; 3,896 MACs.
/// - small_bn_pt: the same layers under PyTorch's convention: the running statistics are buffers,
///   so 126 = 126 + 0. (The same channels-last layout: `framework: pytorch` alone is channels-first.)
/// - odd (incomplete): Dense 4 on (10,): 44, 40 MACs; FancyLayer (unknown, output (4,)); Dense 1:
///   5, 4 MACs. Lower bounds ≥ 49 parameters, ≥ 44 MACs.
enum SmallCatalog {
    static let names = ["lenet5", "odd", "small_bn", "small_bn_pt", "tiny"]

    static let files: [(String, String)] = [
        ("tiny.json", """
            {"name": "tiny", "tags": ["cnn", "example"], "input": [28, 28, 1],
             "layers": [
               {"type": "Conv2D", "filters": 8, "kernel_size": 3},
               {"type": "MaxPooling2D", "pool_size": 2},
               {"type": "Flatten"},
               {"type": "Dense", "units": 10}
             ]}
            """),
        ("small_bn.json", smallBN(name: "small_bn", extra: #""tags": ["cnn", "bn"]"#)),
        ("small_bn_pt.json", smallBN(name: "small_bn_pt", extra: #""tags": ["cnn", "bn", "PyTorch"], "framework": "pytorch", "data_format": "channels_last""#)),
        ("odd.json", """
            {"name": "odd", "tags": ["mlp"], "input": [10],
             "layers": [
               {"type": "Dense", "name": "hidden", "units": 4},
               {"type": "FancyLayer", "name": "fancy", "output_shape": [4]},
               {"type": "Dense", "name": "out", "units": 1}
             ]}
            """),
    ]

    static func smallBN(name: String, extra: String) -> String {
        """
        {"name": "\(name)", \(extra), "input": [8, 8, 3],
         "layers": [
           {"type": "Conv2D", "name": "conv", "filters": 4, "kernel_size": 3, "use_bias": false},
           {"type": "BatchNormalization", "name": "bn"},
           {"type": "GlobalAveragePooling2D", "name": "pool"},
           {"type": "Dense", "name": "fc", "units": 2}
         ]}
        """
    }

    /// A fresh database holding exactly the small catalog, added in the order of ``files``.
    static func make() throws -> CLI {
        let cli = try CLI()
        let removed = try cli.run([
            "remove", "alexnet", "article_cnn", "mobilenet_v1", "resnet18", "resnet34", "resnet50", "keras_resnet50", "vgg11", "vgg16",
            "vgg19",
        ])
        #expect(removed.status == 0, "\(removed)")
        var paths: [String] = []
        for (file, text) in files { paths.append(try cli.write(file, text)) }
        let added = try cli.run(["add", "--quiet"] + paths)
        #expect(added.status == 0, "\(added)")
        return cli
    }
}

extension CLI {
    /// Runs `arguments` and returns stdout, expecting exit 0 and an empty stderr.
    func output(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments)
        #expect(result.status == 0, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.isEmpty, "\(result)", sourceLocation: sourceLocation)
        return result.stdout
    }
}

/// Compares whole outputs line by line, so a failure shows the first line that differs.
func expectSameText(_ actual: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
    if actual == expected { return }
    let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
    let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
    Issue.record(
        """
        output differs at line \(line + 1):
          actual:   \(line < a.count ? a[line] : "<end>")
          expected: \(line < e.count ? e[line] : "<end>")
        --- actual
        \(actual)--- expected
        \(expected)
        """, sourceLocation: sourceLocation)
}
