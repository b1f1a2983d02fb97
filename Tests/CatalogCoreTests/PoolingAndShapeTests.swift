import Testing
@testable import CatalogCore

@Suite("Pooling, normalization, reshape and merge")
struct PoolingAndShapeTests {
    @Test func kerasPooling() throws {
        // valid: floor((96 − 2)/2) + 1 = 48
        #expect(try evaluate("MaxPooling2D", ["pool_size": .int(2)], input: [96, 96, 32]).outputShape == TensorShape([48, 48, 32]))
        // valid, pool 3 stride 2 on 55: floor((55 − 3)/2) + 1 = 27
        #expect(try evaluate("MaxPool2d", ["pool_size": .int(3), "strides": .int(2)], input: [55, 55, 64]).outputShape == TensorShape([27, 27, 64]))
        // same, stride 2 on 7: ceil(7/2) = 4
        #expect(try evaluate("AveragePooling2D", ["pool_size": .int(3), "strides": .int(2), "padding": .string("same")], input: [7, 7, 1]).outputShape == TensorShape([4, 4, 1]))
    }

    @Test func pytorchCeilModeDropsWindowStartingInPadding() throws {
        // in 5, k 2, s 2, p 1, ceil: ceil((5 + 2 − 2)/2) + 1 = 4; last window starts at (4−1)·2 = 6 ≥ 5 + 1 → 3
        let dropped = try evaluate("MaxPool2d", ["pool_size": .int(2), "strides": .int(2), "padding": .int(1), "ceil_mode": .bool(true)], input: [5, 5, 1])
        #expect(dropped.outputShape == TensorShape([3, 3, 1]))
        // in 6, k 3, s 2, p 0, ceil: ceil((6 − 3)/2) + 1 = 3; last starts at 4 < 6 → kept (floor mode gives 2)
        let kept = try evaluate("MaxPool2d", ["pool_size": .int(3), "strides": .int(2), "ceil_mode": .bool(true)], input: [6, 6, 1])
        #expect(kept.outputShape == TensorShape([3, 3, 1]))
        let floor = try evaluate("MaxPool2d", ["pool_size": .int(3), "strides": .int(2)], input: [6, 6, 1])
        #expect(floor.outputShape == TensorShape([2, 2, 1]))
        // ResNet stem pool: k 3 s 2 p 1 on 112: floor((112 + 2 − 3)/2) + 1 = 56
        #expect(try evaluate("MaxPool2d", ["pool_size": .int(3), "strides": .int(2), "padding": .int(1)], input: [112, 112, 64]).outputShape == TensorShape([56, 56, 64]))
    }

    @Test func globalPooling() throws {
        #expect(try evaluate("GlobalAveragePooling2D", [:], input: [7, 7, 2048]).outputShape == TensorShape([2048]))
        #expect(try evaluate("GlobalAveragePooling2D", ["keepdims": .bool(true)], input: [7, 7, 1024]).outputShape == TensorShape([1, 1, 1024]))
        #expect(try evaluate("AdaptiveAvgPool2d", ["output_size": .int(1), "data_format": .string("channels_first")], input: [512, 7, 7]).outputShape == TensorShape([512, 1, 1]))
    }

    @Test func batchNormalizationCountsFourPerChannel() throws {
        // 4·64 = 256: γ, β trainable (128), moving mean and variance non-trainable (128)
        let keras = try evaluate("BatchNormalization", [:], input: [56, 56, 64])
        #expect(keras.trainableParameters == 128)
        #expect(keras.nonTrainableParameters == 128)
        // PyTorch: running statistics are buffers → 128 parameters
        let torch = try evaluate("BatchNorm2d", ["axis": .int(1)], input: [64, 56, 56], framework: .pytorch)
        #expect(torch.trainableParameters == 128)
        #expect(torch.nonTrainableParameters == 0)
        // center false: γ only → 64 trainable
        #expect(try evaluate("BatchNormalization", ["center": .bool(false)], input: [10, 64]).trainableParameters == 64)
    }

    @Test func flattenAndZeroPadding() throws {
        #expect(try evaluate("Flatten", [:], input: [7, 7, 512]).outputShape == TensorShape([25_088]))
        // ((0, 1), (0, 1)) on 112: 113
        #expect(try evaluate("ZeroPadding2D", ["padding": .array([ints(0, 1), ints(0, 1)])], input: [112, 112, 32]).outputShape == TensorShape([113, 113, 32]))
        #expect(try evaluate("ZeroPadding2D", ["padding": .int(3)], input: [224, 224, 3]).outputShape == TensorShape([230, 230, 3]))
    }

    @Test func mergeAndConcatenate() throws {
        func graph(_ type: String, _ config: [String: ConfigValue], _ a: [Int], _ b: [Int]) throws -> LayerResult {
            let architecture = Architecture(name: "m", layers: [
                try Layer(name: "a", type: "Input", config: ["shape": .array(a.map { .int($0) })], calls: [[]]),
                try Layer(name: "b", type: "Input", config: ["shape": .array(b.map { .int($0) })], calls: [[]]),
                try Layer(name: "m", type: type, config: config, calls: [[TensorReference(layer: "a"), TensorReference(layer: "b")]]),
            ])
            return try Engine.infer(architecture)[2]
        }
        #expect(try graph("Add", [:], [8, 16], [8, 16]).outputShape == TensorShape([8, 16]))
        // Keras axis 1 counts the batch: it is the first batch-free axis; 8 + 3 = 11
        #expect(try graph("Concatenate", ["axis": .int(1)], [8, 16], [3, 16]).outputShape == TensorShape([11, 16]))
        #expect(try graph("Concatenate", [:], [8, 16], [8, 4]).outputShape == TensorShape([8, 20]))
        #expect(throws: InferenceError.self) { try graph("Add", [:], [8, 16], [8, 15]) }
        #expect(throws: InferenceError.self) { try graph("Concatenate", [:], [8, 16], [7, 4]) }
    }

    @Test func cycleAndDanglingInputAreErrors() throws {
        let cyclic = Architecture(name: "c", layers: [
            try Layer(name: "in", type: "Input", config: ["shape": ints(4)], calls: [[]]),
            try Layer(name: "a", type: "Add", config: [:], calls: [[TensorReference(layer: "in"), TensorReference(layer: "b")]]),
            try Layer(name: "b", type: "Dense", config: ["units": .int(4)], calls: [[TensorReference(layer: "a")]]),
        ])
        #expect(throws: InferenceError.cycle(["a", "b"])) { try Engine.infer(cyclic) }
        let dangling = Architecture(name: "d", layers: [
            try Layer(name: "in", type: "Input", config: ["shape": ints(4)], calls: [[]]),
            try Layer(name: "a", type: "Dense", config: ["units": .int(4)], calls: [[TensorReference(layer: "nowhere")]]),
        ])
        #expect(throws: InferenceError.self) { try Engine.infer(dangling) }
    }
}
