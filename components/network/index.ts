export { Network, NetworkArgs } from "./vpc";
