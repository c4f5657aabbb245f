/**
 * Mutation fuzzing of the verifier, part 2 of 2 (batches 11–20 of 500 mutations;
 * together 10,000). Split in two files so the test runner spreads them over two cores.
 */
import { fuzzVerifier } from '../../support/attacks/fuzz';

fuzzVerifier(10, 20);
