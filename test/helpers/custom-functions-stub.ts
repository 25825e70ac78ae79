/**
 * Excel's CustomFunctions API as the tests and the bench hand it to the Excel wrappers of
 * src/functions/adapter.ts: error codes as Excel names them, an Error that keeps its code
 * and message, and registration recorded (or not) by the caller. One stub for the adapter's
 * tests and every bench figure that calls wrappers (bench/figures/core.ts, time.ts).
 */
import type { CustomFunctionsApi } from '../../src/functions/adapter';

export class StubError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

/** The API, with `associate` doing what the caller needs (nothing, by default). */
export function stubApi(associate: CustomFunctionsApi['associate'] = () => undefined): CustomFunctionsApi {
  return {
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
    associate,
  };
}

/** The API with no registration. */
export const STUB_API: CustomFunctionsApi = stubApi();
