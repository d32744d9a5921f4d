export {
  odeSolverContract,
  logLogSlope,
  type OdeSolverContractRow,
  type ContractTestApi,
} from "./contract.js";
export { TEST_PROBLEMS, type TestProblem } from "./problems.js";
