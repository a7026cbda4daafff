/**
 * Stand-ins for values the cloud assigns. Every one is recognisable as fake: account 000000000000, ids and names
 * with "mock", host names under the reserved .invalid TLD.
 */
export const MOCK_ACCOUNT = "000000000000";
export const MOCK_REGION = "us-east-1";
/** Who getCallerIdentity says runs Pulumi; a test may switch it to show that nothing follows the caller. */
export const mockCaller = { arn: `arn:aws:iam::${MOCK_ACCOUNT}:role/mock-deployer` };

export const mockId = (prefix: string, name: string) => `${prefix}-mock-${name}`;
export const mockArn = (service: string, resource: string) => `arn:aws:${service}:${MOCK_REGION}:${MOCK_ACCOUNT}:${resource}`;
export const mockHost = (name: string, service: string) => `mock-${name}.${service}.invalid`;

/** A deterministic stand-in for a generated secret of the requested length. */
export const mockSecret = (name: string, length = 32) => `mock-${name}-`.padEnd(length, "x").slice(0, Math.max(length, 8));

/** The AWS service of a token such as aws:rds/instance:Instance. */
export const awsService = (type: string) => type.split(":")[1]?.split("/")[0] ?? "unknown";
