// Replies without a command are not steps (CodeTraceBench ids count only replies with an action), but their
// text matters to a diagnoser: it is kept, with the harness's answer, in front of the next step's reasoning.

export function noteFor(reply: string, answer: string): string {
  const parts = [`[reply without a command]\n${reply.trim() || '(empty reply)'}`];
  if (answer.trim()) parts.push(`[harness answer]\n${answer.trim()}`);
  return parts.join('\n');
}
