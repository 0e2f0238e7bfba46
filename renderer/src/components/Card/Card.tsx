import type { ReactElement, ReactNode } from 'react';
import styles from './Card.module.css';

export interface CardProps {
  readonly title?: string;
  readonly subtitle?: ReactNode;
  readonly actions?: ReactNode;
  readonly children: ReactNode;
  readonly className?: string;
  /** No inner padding: tables and lists that run edge to edge. */
  readonly flush?: boolean;
}

export function Card({ title, subtitle, actions, children, className, flush = false }: CardProps): ReactElement {
  return (
    <section className={`${styles.card} ${className ?? ''}`} aria-label={title}>
      {(title || actions) && (
        <div className={styles.head}>
          <div>
            {title && <h2 className={styles.title}>{title}</h2>}
            {subtitle && <p className={styles.subtitle}>{subtitle}</p>}
          </div>
          {actions && <div className={styles.actions}>{actions}</div>}
        </div>
      )}
      <div className={flush ? styles.flush : styles.body}>{children}</div>
    </section>
  );
}
