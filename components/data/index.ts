export { KmsKey, KmsKeyArgs } from "./kms";
