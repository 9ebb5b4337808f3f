namespace WvsMesh.Pipelines.Domain.Expressions;

/// <summary>
/// GitLab's <c>Expression::RuntimeError</c> family at evaluation time (an operand that cannot be matched, a regex that
/// ran out of time). <see cref="Expression.IsTruthful"/> turns it into "false", like <c>truthful?</c> does.
/// </summary>
internal sealed class ExpressionRuntimeException(string message) : Exception(message);
