import type { ReactElement, ReactNode } from 'react';
import { Icon } from '../Icon/Icon';
import styles from './Notice.module.css';

export interface NoticeProps {
  readonly tone?: 'info' | 'good' | 'warn' | 'bad';
  readonly title?: string;
  readonly children?: ReactNode;
  readonly action?: ReactNode;
  readonly className?: string;
}

/** An inline message; problems are announced (role=alert), the rest politely. */
export function Notice({ tone = 'info', title, children, action, className }: NoticeProps): ReactElement {
  return (
    <div className={`${styles.notice} ${styles[tone]} ${className ?? ''}`} role={tone === 'bad' ? 'alert' : 'status'}>
      <Icon name={tone === 'good' ? 'check' : tone === 'info' ? 'info' : 'errors'} size={18} className={styles.icon} />
      <div className={styles.body}>
        {title && <div className={styles.title}>{title}</div>}
        {children && <div className={styles.text}>{children}</div>}
      </div>
      {action && <div className={styles.action}>{action}</div>}
    </div>
  );
}
