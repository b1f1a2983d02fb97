import Testing
@testable import CatalogCore

@Suite("Layer configs")
struct ConfigTests {
    @Test func typesMatchCaseInsensitivelyWithPyTorchAliases() throws {
        #expect(try LayerKind.parse(type: "conv2d", config: ["filters": .int(1), "kernel_size": .int(1)], options: .strict).type == "Conv2D")
        #expect(try LayerKind.parse(type: "Linear", config: ["units": .int(1)], options: .strict).type == "Dense")
        #expect(try LayerKind.parse(type: "BatchNorm2d", config: [:], options: .strict).type == "BatchNormalization")
    }

    @Test func badValuesNameTheKey() {
        let bad: [[String: ConfigValue]] = [
            ["filters": .string("3x3"), "kernel_size": .int(3)],
            ["filters": .int(-1), "kernel_size": .int(3)],
            ["filters": .int(0), "kernel_size": .int(3)],
            ["filters": .double(2.5), "kernel_size": .int(3)],
            ["filters": .double(1e30), "kernel_size": .int(3)],
            ["filters": .int(4), "kernel_size": .string("3x3")],
            ["filters": .int(4), "kernel_size": .int(3), "strides": .int(0)],
            ["filters": .int(4), "kernel_size": ints(3, 3, 3)],
            ["filters": .int(4), "kernel_size": .int(3), "padding": .string("full")],
            ["filters": .int(4), "kernel_size": .int(3), "kernal_size": .int(3)],
            ["kernel_size": .int(3)],
        ]
        for config in bad {
            #expect(throws: ConfigError.self, "\(config)") {
                try LayerKind.parse(type: "Conv2D", config: config, options: .strict)
            }
        }
    }

    @Test func unknownTypeIsAnError() {
        #expect(throws: ConfigError.unknownType("Frobnicate")) {
            try LayerKind.parse(type: "Frobnicate", config: [:], options: .strict)
        }
    }

    @Test func lenientIgnoresUnknownKeys() throws {
        let parsed = try LayerKind.parse(type: "Dense", config: ["units": .int(3), "whatever": .int(1)], options: .lenient)
        #expect(parsed.config == ["units": .int(3)])
    }
}
