import FuzzSupport

/// libFuzzer target: every input is read by the SafeTensors reader as `fuzz.safetensors` (headers only).
@main enum FuzzSafeTensors { static func main() { runWeightFuzzer(file: "fuzz.safetensors", reader: .safetensors) } }
