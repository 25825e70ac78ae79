/**
 * The CustomFunctions API as the bench's figures hand it to the bundled Excel wrapper
 * (bench/figures/core.ts, time.ts): error codes as Excel names them, an Error that keeps
 * its code and message, no registration. One stub for every figure that calls wrappers.
 */
import type { CustomFunctionsApi } from '../../src/functions/adapter';

class StubError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

export const STUB_API: CustomFunctionsApi = {
  Error: StubError as never,
  ErrorCode: {
    invalidValue: '#VALUE!',
    notAvailable: '#N/A',
    divisionByZero: '#DIV/0!',
    invalidNumber: '#NUM!',
    nullReference: '#NULL!',
    invalidName: '#NAME?',
    invalidReference: '#REF!',
  },
  associate: () => undefined,
};
