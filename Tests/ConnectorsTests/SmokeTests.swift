import Connectors
import XCTest
