/**
 * @module The transport contract suite: third-party transports run it to prove they behave like the built-ins.
 */
export {
  type DescribeTransportOptions,
  describeTransport,
  type SkippedTests,
  TRANSPORT_CONTRACT_TESTS,
  type TransportTestContext,
  type VitestLike,
} from './describe-transport';
