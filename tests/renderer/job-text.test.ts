import { describe, expect, it } from 'vitest';
import { jobDetail, jobFraction, jobOutcome, jobTitle } from '../../renderer/src/components/JobBar/job-text';
import { formatEta } from '../../renderer/src/lib/format';
import { job } from './fixtures';

describe('job progress text', () => {
  it('shows counts, rate and a coarse ETA while running', () => {
    const j = job('a', { kind: 'analyze', done: 1204, total: 5000, rate: 12.3, etaSec: 6 * 60 + 10 });
    expect(jobTitle(j)).toBe('Analysing audio');
    expect(jobDetail(j)).toBe(
      `${(1204).toLocaleString()} of ${(5000).toLocaleString()} tracks · 12 tracks/s · about 6 min left`,
    );
    expect(jobFraction(j)).toBeCloseTo(0.2408);
  });

  it('has no fraction while the total is unknown, and a full bar when done', () => {
    expect(jobFraction(job('b', { kind: 'scan', total: null, done: 50 }))).toBeNull();
    expect(jobFraction(job('c', { state: 'done', done: 3, total: 10 }))).toBe(1);
  });

  it('says when a job waits for another', () => {
    const j = job('d', { kind: 'analyze', state: 'queued' });
    expect(jobTitle(j)).toBe('Waiting: analysing audio');
    expect(jobDetail(j)).toBe('Starts when the current job finishes');
  });

  it('names a learn job for what it does: the context model learns the genres, no model file is trained', () => {
    expect(jobTitle(job('l', { kind: 'learn', state: 'running' }))).toBe('Learning your genres');
    expect(jobTitle(job('l', { kind: 'learn', state: 'done' }))).toBe('Your genres are learnt');
    expect(jobTitle(job('l', { kind: 'learn', state: 'failed' }))).toBe('Learning your genres — failed');
  });

  it('keeps the ETA vague', () => {
    expect(formatEta(5)).toBe('a few seconds left');
    expect(formatEta(45)).toBe('less than a minute left');
    expect(formatEta(3 * 3600 + 60 * 20)).toBe('about 3 h 20 min left');
    expect(formatEta(null)).toBeNull();
  });

  it('shows a job that finished with failed files as a warning, not a success (issue 13, item 2)', () => {
    expect(jobOutcome(job('w', { kind: 'write', state: 'done', done: 17, total: 17, errors: 1 }))).toBe('warn');
    expect(jobOutcome(job('w', { kind: 'write', state: 'done', done: 17, total: 17 }))).toBe('good');
    expect(jobOutcome(job('w', { kind: 'write', state: 'failed' }))).toBe('warn');
    expect(jobOutcome(job('w', { kind: 'write', state: 'running' }))).toBe('active');
  });
});
