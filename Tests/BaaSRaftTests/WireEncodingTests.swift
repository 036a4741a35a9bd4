import Testing
@testable import BaaSRaft
