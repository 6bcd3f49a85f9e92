import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="panel p-4 text-sm">
      <h2 className="font-semibold">Not found</h2>
      <p className="mt-1">
        There is no such database or run.{' '}
        <Link href="/" className="link">
          Back to the matrix
        </Link>
      </p>
    </div>
  );
}
