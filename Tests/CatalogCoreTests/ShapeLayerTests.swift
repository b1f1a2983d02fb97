import Testing
@testable import CatalogCore

/// Checks of the shape and wrapper layers; expected numbers by hand from the Keras docs.
@Suite("Depthwise 1D, padding, TimeDistributed, PReLU and element-wise layers")
struct ShapeLayerTests {
    @Test func depthwiseConv1D() throws {
        // Keras DepthwiseConv1D: kernel (3, 4, 2) + bias 4·2: 3·4·2 + 8 = 32; valid 10 − 3 + 1 = 8;
        // MACs 8 positions · 8 channels · 3 = 192.
        let result = try evaluate("DepthwiseConv1D", ["kernel_size": .int(3), "depth_multiplier": .int(2)], input: [10, 4])
        #expect(result.outputShape == TensorShape([8, 8]) && result.parameters == 32 && result.macs == 192)
    }

    @Test func zeroPaddingAndCroppingIn1DAnd3D() throws {
        // ZeroPadding1D (2, 3): 10 + 2 + 3 = 15.
        #expect(try evaluate("ZeroPadding1D", ["padding": ints(2, 3)], input: [10, 4]).outputShape == TensorShape([15, 4]))
        // ZeroPadding3D 1: 4 + 2 = 6 per axis; ((1, 0), (0, 2), (3, 3)): 5, 6, 10.
        #expect(try evaluate("ZeroPadding3D", ["padding": .int(1)], input: [4, 4, 4, 2]).outputShape == TensorShape([6, 6, 6, 2]))
        #expect(try evaluate("ZeroPadding3D", ["padding": .array([ints(1, 0), ints(0, 2), ints(3, 3)])], input: [4, 4, 4, 2]).outputShape == TensorShape([5, 6, 10, 2]))
        // Cropping3D ((1, 1), (2, 0), (0, 3)) on 6³: 4, 4, 3. UpSampling3D 2 on (2, 3, 4): (4, 6, 8).
        #expect(try evaluate("Cropping3D", ["cropping": .array([ints(1, 1), ints(2, 0), ints(0, 3)])], input: [6, 6, 6, 1]).outputShape == TensorShape([4, 4, 3, 1]))
        #expect(try evaluate("UpSampling3D", ["size": .int(2)], input: [2, 3, 4, 1]).outputShape == TensorShape([4, 6, 8, 1]))
    }

    @Test func timeDistributedCountsOnceAndMultipliesMACs() throws {
        // Dense(5) on each of 7 steps of 3 features: (3 + 1)·5 = 20 once; MACs 7·3·5 = 105.
        let dense: ConfigValue = .object(["class_name": .string("Dense"), "config": .object(["units": .int(5)])])
        let overDense = try evaluate("TimeDistributed", ["layer": dense], input: [7, 3])
        #expect(overDense.outputShape == TensorShape([7, 5]) && overDense.parameters == 20 && overDense.macs == 105)
        // Conv2D(2, 3x3) on each of 4 frames 6x6x1: (9 + 1)·2 = 20; (4, 4, 4, 2); MACs 4·(4·4·2·9) = 1,152.
        let conv: ConfigValue = .object(["class_name": .string("Conv2D"), "config": .object(["filters": .int(2), "kernel_size": .int(3)])])
        let overConv = try evaluate("TimeDistributed", ["layer": conv], input: [4, 6, 6, 1])
        #expect(overConv.outputShape == TensorShape([4, 4, 4, 2]) && overConv.parameters == 20 && overConv.macs == 1_152)
        // Unknown steps: the shape keeps None, MACs are per step and say so.
        let unknown = try evaluate("TimeDistributed", ["layer": dense], input: [nil, 3])
        #expect(unknown.outputShape == TensorShape([nil, 5]) && unknown.macs == 15 && unknown.macsArePerStep)
    }

    @Test func preluSharedAxes() throws {
        // Keras PReLU: alpha of the input's shape with the shared axes set to 1.
        #expect(try evaluate("PReLU", ["shared_axes": ints(1, 2)], input: [8, 8, 3]).parameters == 3)
        #expect(try evaluate("PReLU", [:], input: [8, 8, 3]).parameters == 192)  // 8·8·3
    }

    @Test(arguments: [
        ("Masking", ["mask_value": .double(0)]), ("Identity", [:]), ("SpatialDropout2D", ["rate": .double(0.2)]),
        ("GaussianNoise", ["stddev": .double(0.1)]), ("GaussianDropout", ["rate": .double(0.1)]),
        ("ActivityRegularization", ["l1": .double(0.01)]), ("UnitNormalization", ["axis": .int(-1)]),
        ("Rescaling", ["scale": .double(0.5), "offset": .double(1)]), ("LeakyReLU", ["negative_slope": .double(0.1)]),
        ("ELU", [:]), ("Softmax", ["axis": .int(-1)]),
    ] as [(String, [String: ConfigValue])])
    func elementWiseLayersKeepTheShape(_ type: String, _ config: [String: ConfigValue]) throws {
        let result = try evaluate(type, config, input: [5, 5, 3])
        #expect(result.outputShape == TensorShape([5, 5, 3]) && result.parameters == 0 && result.macs == 0)
    }
}
