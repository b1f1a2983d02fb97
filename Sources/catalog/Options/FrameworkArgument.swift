import ArgumentParser
import CatalogCore

/// `--framework keras|pytorch`: the counting convention to recount under.
extension Framework: ExpressibleByArgument {}
