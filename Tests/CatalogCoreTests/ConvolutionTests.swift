import Testing
@testable import CatalogCore

@Suite("Convolution")
struct ConvolutionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let label: String
        let type: String
        let config: [String: ConfigValue]
        let input: [Int?]
        let shape: [Int?]
        let params: Int
        let macs: Int
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        // (3·3·3 + 1)·64 = 1,792; same padding keeps 224; MACs 224·224·64·(3·3·3) = 86,704,128
        Case(label: "VGG block1_conv1", type: "Conv2D",
             config: ["filters": .int(64), "kernel_size": .int(3), "padding": .string("same")],
             input: [224, 224, 3], shape: [224, 224, 64], params: 1_792, macs: 86_704_128),
        // article network conv1: (3·3·1 + 1)·32 = 320
        Case(label: "article conv1", type: "Conv2D",
             config: ["filters": .int(32), "kernel_size": ints(3, 3), "padding": .string("same")],
             input: [96, 96, 1], shape: [96, 96, 32], params: 320, macs: 96 * 96 * 32 * 9),
        // valid, stride 2: floor((7 − 3)/2) + 1 = 3; (3·3·2 + 1)·4 = 76
        Case(label: "valid stride 2", type: "Conv2D",
             config: ["filters": .int(4), "kernel_size": .int(3), "strides": .int(2)],
             input: [7, 7, 2], shape: [3, 3, 4], params: 76, macs: 3 * 3 * 4 * 18),
        // same, stride 2 on odd 7: ceil(7/2) = 4
        Case(label: "same stride 2 odd", type: "Conv2D",
             config: ["filters": .int(1), "kernel_size": .int(3), "strides": .int(2), "padding": .string("same")],
             input: [7, 7, 1], shape: [4, 4, 1], params: 10, macs: 16 * 9),
        // dilation 2: effective kernel 2·(3−1)+1 = 5; 10 − 5 + 1 = 6
        Case(label: "dilated", type: "Conv2D",
             config: ["filters": .int(2), "kernel_size": .int(3), "dilation_rate": .int(2), "use_bias": .bool(false)],
             input: [10, 10, 1], shape: [6, 6, 2], params: 18, macs: 36 * 2 * 9),
        // groups 2: (3·3·(4/2) + 0)·8 = 144 weights + 8 biases = 152
        Case(label: "grouped", type: "Conv2D",
             config: ["filters": .int(8), "kernel_size": .int(3), "groups": .int(2), "padding": .string("same")],
             input: [5, 5, 4], shape: [5, 5, 8], params: 152, macs: 25 * 8 * 18),
        // PyTorch AlexNet conv1: floor((224 + 2·2 − 11)/4) + 1 = 55; (11·11·3 + 1)·64 = 23,296
        Case(label: "explicit padding (AlexNet conv1)", type: "Conv2d",
             config: ["filters": .int(64), "kernel_size": .int(11), "strides": .int(4), "padding": .int(2), "data_format": .string("channels_first")],
             input: [3, 224, 224], shape: [64, 55, 55], params: 23_296, macs: 55 * 55 * 64 * 363),
        // per-side padding [[0,1],[0,1]], kernel 3 stride 2 valid on 8: floor((8+1−3)/2)+1 = 4
        Case(label: "per-side explicit padding", type: "Conv2D",
             config: ["filters": .int(1), "kernel_size": .int(3), "strides": .int(2), "padding": .array([ints(0, 1), ints(0, 1)])],
             input: [8, 8, 1], shape: [4, 4, 1], params: 10, macs: 16 * 9),
        // Conv1D: (5·16 + 1)·32 = 2,592; valid 100 − 5 + 1 = 96
        Case(label: "Conv1D", type: "Conv1D",
             config: ["filters": .int(32), "kernel_size": .int(5)],
             input: [100, 16], shape: [96, 32], params: 2_592, macs: 96 * 32 * 80),
        // Conv1D causal stride 1 keeps 100
        Case(label: "Conv1D causal", type: "Conv1D",
             config: ["filters": .int(1), "kernel_size": .int(4), "padding": .string("causal"), "dilation_rate": .int(2)],
             input: [100, 1], shape: [100, 1], params: 5, macs: 100 * 4),
        // Conv3D: (3·3·3·2 + 1)·4 = 220; 8−3+1 = 6 per axis
        Case(label: "Conv3D", type: "Conv3D",
             config: ["filters": .int(4), "kernel_size": .int(3)],
             input: [8, 8, 8, 2], shape: [6, 6, 6, 4], params: 220, macs: 216 * 4 * 54),
        // Depthwise 3x3, multiplier 2 on 16 channels: 3·3·16·2 + 32 = 320
        Case(label: "DepthwiseConv2D", type: "DepthwiseConv2D",
             config: ["kernel_size": .int(3), "depth_multiplier": .int(2), "padding": .string("same")],
             input: [10, 10, 16], shape: [10, 10, 32], params: 320, macs: 100 * 32 * 9),
        // Dense on 3-D input acts on the last axis: (64 + 1)·10 = 650; MACs 5·64·10
        Case(label: "Dense on 3-D", type: "Dense", config: ["units": .int(10)],
             input: [5, 64], shape: [5, 10], params: 650, macs: 3_200),
        // Linear without bias: 9216·4096
        Case(label: "Linear no bias", type: "Linear", config: ["units": .int(4096), "use_bias": .bool(false)],
             input: [9216], shape: [4096], params: 37_748_736, macs: 37_748_736),
    ]

    @Test(arguments: cases)
    func shapeParametersAndMACs(_ c: Case) throws {
        let result = try evaluate(c.type, c.config, input: c.input)
        #expect(result.outputShape == TensorShape(c.shape))
        #expect(result.parameters == c.params)
        #expect(result.trainableParameters == c.params)
        #expect(result.macs == c.macs)
    }

    @Test func kernelLargerThanInputNamesTheLayer() {
        #expect {
            try evaluate("Conv2D", ["filters": .int(1), "kernel_size": .int(5)], input: [4, 4, 1])
        } throws: { error in
            guard let error = error as? InferenceError else { return false }
            let text = error.description
            return text.contains("'x'") && text.contains("5x5") && text.contains("(4, 4, 1)")
        }
    }

    @Test func groupsMustDivideChannels() {
        #expect(throws: InferenceError.self) {
            try evaluate("Conv2D", ["filters": .int(4), "kernel_size": .int(1), "groups": .int(2)], input: [4, 4, 3])
        }
    }

    @Test func frozenLayerIsNonTrainable() throws {
        // (3·3·1 + 1)·2 = 20, all non-trainable
        let result = try evaluate("Conv2D", ["filters": .int(2), "kernel_size": .int(3)], input: [5, 5, 1], trainable: false)
        #expect(result.trainableParameters == 0)
        #expect(result.nonTrainableParameters == 20)
    }

    @Test func overflowIsAnErrorNotAWrap() {
        #expect(throws: InferenceError.self) {
            try evaluate("Dense", ["units": .int(4_000_000_000)], input: [4_000_000_000, 4_000_000_000])
        }
    }
}
