/**
 * Mutation fuzzing of the verifier, part 1 of 2 (batches 1–10 of 500 mutations;
 * together 10,000). Split in two files so the test runner spreads them over two cores.
 */
import { fuzzVerifier } from '../../support/attacks/fuzz';

fuzzVerifier(0, 10);
