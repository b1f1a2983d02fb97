import CatalogTestSupport
import Foundation
import Testing

@Suite("CLI: show and compare")
struct ShowCompareTests {
    @Test("show vgg16 ends with Keras' totals: Total params: 138,357,544 (527.79 MB)")
    func showTable() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["show", "vgg16"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        // The totals block is at the end of the output; Keras' model.summary() prints these lines
        // (138,357,544·4 bytes / 1024² = 527.79 MB).
        let tail = lines.suffix(5)
        #expect(tail.contains(" Total params: 138,357,544 (527.79 MB)"), "\(result)")
        #expect(tail.contains(" Trainable params: 138,357,544 (527.79 MB)"), "\(result)")
        #expect(tail.contains(" Non-trainable params: 0 (0.00 B)"), "\(result)")
        #expect(lines.filter { $0.hasPrefix(" Total params:") }.count == 1)
        // A layer row: block1_conv1, (3·3·3+1)·64 = 1,792 parameters, output (224, 224, 64).
        let row = lines.first { $0.hasPrefix("block1_conv1 ") }
        #expect(row?.contains("(224, 224, 64)") == true, "\(result)")
        #expect(row?.contains("1,792") == true, "\(result)")
        // Names are case-insensitive.
        let upper = try cli.run(["show", "VGG16"])
        #expect(upper.status == 0)
        #expect(upper.stdout == result.stdout)
    }

    @Test("show mobilenet_v1 splits trainable and non-trainable as Keras does")
    func showNonTrainable() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["show", "mobilenet_v1"])
        #expect(result.status == 0, "\(result)")
        let tail = result.stdout.split(separator: "\n").map(String.init).suffix(5)
        // keras.applications.MobileNet: 4,253,864 = 4,231,976 + 21,888.
        // Memory: 4,253,864·4/1024² = 16.23 MB; 4,231,976·4/1024² = 16.14 MB; 21,888·4/1024 = 85.50 KB.
        #expect(tail.contains(" Total params: 4,253,864 (16.23 MB)"), "\(result)")
        #expect(tail.contains(" Trainable params: 4,231,976 (16.14 MB)"), "\(result)")
        #expect(tail.contains(" Non-trainable params: 21,888 (85.50 KB)"), "\(result)")
    }

    @Test("show vgg16 --format json has the contract keys")
    func showJSON() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["show", "vgg16", "--format", "json"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        for key in ["name", "input_shapes", "total_params", "trainable_params", "non_trainable_params", "macs", "layer_count", "layers"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["name"] as? String == "vgg16")
        #expect(object["input_shapes"] as? [[Int]] == [[224, 224, 3]])
        #expect(object["layer_count"] as? Int == 23)
        #expect(object["total_params"] as? Int == 138_357_544)
        #expect(object["trainable_params"] as? Int == 138_357_544)
        #expect(object["non_trainable_params"] as? Int == 0)
        #expect(object["macs"] as? Int == 15_470_264_320)  // derivation in SeedTests.swift
        for key in ["total_params", "trainable_params", "non_trainable_params", "macs"] {
            #expect(integerMembers(key, in: result.stdout).count == memberCount(key, in: result.stdout), "\(key) not an integer")
        }

        let layers = try #require(object["layers"] as? [[String: Any]])
        // Keras' VGG16 summary: the input and 22 layers (13 conv, 5 pool, flatten, 3 dense).
        #expect(layers.count == 23)
        let layerKeys: Set<String> = [
            "name", "type", "output_shapes", "params", "trainable_params", "non_trainable_params", "macs", "inputs",
        ]
        for layer in layers {
            #expect(layerKeys.isSubset(of: Set(layer.keys)), "\(layer)")
            for key in ["params", "trainable_params", "non_trainable_params", "macs"] {
                #expect(layer[key] is NSNumber, "\(layer["name"] ?? "?").\(key)")
            }
            #expect(layer["inputs"] is [Any], "\(layer)")
            #expect(layer["output_shapes"] is [[Any]], "\(layer)")
        }
        #expect(integerMembers("params", in: result.stdout).count == 23)
        let conv = try #require(layers.first { $0["name"] as? String == "block1_conv1" })
        #expect(conv["type"] as? String == "Conv2D")
        #expect(conv["output_shapes"] as? [[Int]] == [[224, 224, 64]])
        #expect(conv["params"] as? Int == 1_792)  // (3·3·3+1)·64
        #expect(conv["macs"] as? Int == 86_704_128)  // 224·224·64·27
        #expect(conv["inputs"] as? [String] == [layers[0]["name"] as? String ?? "?"])
        #expect((layers[0]["inputs"] as? [Any])?.isEmpty == true)
        let fc1 = try #require(layers.first { $0["name"] as? String == "fc1" })
        #expect(fc1["params"] as? Int == 102_764_544)  // (25,088 + 1)·4,096, Keras VGG16.expected.json
        #expect(fc1["output_shapes"] as? [[Int]] == [[4_096]])
        let sum = layers.compactMap { $0["params"] as? Int }.reduce(0, +)
        #expect(sum == 138_357_544)
    }

    @Test("compare vgg16 resnet50 exits 0 and shows both")
    func compare() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["compare", "vgg16", "resnet50"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        #expect(result.stdout.contains("vgg16"))
        #expect(result.stdout.contains("resnet50"))
        #expect(result.stdout.contains("138,357,544"))
        #expect(result.stdout.contains("25,557,032"))

        let json = try cli.run(["compare", "vgg16", "resnet50", "--format", "json"])
        #expect(json.status == 0, "\(json)")
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        let comparison = try #require(object["comparison"] as? [String: Any])
        let total = try #require(comparison["total_params"] as? [String: Any])
        #expect(total["a"] as? Int == 138_357_544)
        #expect(total["b"] as? Int == 25_557_032)
        #expect(total["difference"] as? Int == -112_800_512)  // 25,557,032 − 138,357,544
    }

    @Test("compare with an unknown name exits 66 and says so on stderr")
    func compareUnknown() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        for arguments in [["compare", "vgg16", "nosuch"], ["compare", "nosuch", "vgg16"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 66, "\(result)")
            #expect(result.stdout.isEmpty, "\(result)")
            #expect(result.stderr.contains("no architecture named 'nosuch'"), "\(result)")
        }
    }

    @Test("show vgg61 exits 66 and suggests vgg16")
    func showSuggests() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["show", "vgg61"])
        #expect(result.status == 66, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(result.stderr.contains("vgg61"), "\(result)")
        #expect(result.stderr.contains("'vgg16'"), "\(result)")
        #expect(result.stderr.contains("did you mean"), "\(result)")
    }

    @Test("show with an unknown format is a usage error")
    func showBadFormat() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["show", "vgg16", "--format", "xml"])
        #expect(result.status == 64, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }
}
