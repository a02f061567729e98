/** Cell by cell: one golden fixture per rule of the data contract's tables and values. */
import { goldenCase } from '../fixtures/golden.js';

goldenCase('province-near-miss');
goldenCase('country-near-miss');
goldenCase('country-hk-mo-tw');
goldenCase('country-cn-rejected');
goldenCase('level-ownership-unknown');
goldenCase('project-type-status-unknown');
goldenCase('negative-count');
goldenCase('non-integer');
goldenCase('school-id-format');
goldenCase('required-missing-cell');
goldenCase('date-forms');
goldenCase('series-long');
