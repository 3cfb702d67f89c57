import { type Routes } from '@angular/router';

import { authGuard, guestGuard } from './auth/auth-guard';
import { AppShell } from './shell/app-shell';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'boards' },
  {
    path: 'login',
    title: $localize`:@@shell.title.signIn:Sign in · Corkboard`,
    canActivate: [guestGuard],
    loadComponent: () => import('./auth/login-page').then((m) => m.LoginPage),
  },
  {
    path: 'register',
    title: $localize`:@@shell.title.register:Create account · Corkboard`,
    canActivate: [guestGuard],
    loadComponent: () => import('./auth/register-page').then((m) => m.RegisterPage),
  },
  {
    // Outside the shell and its guard: a signed-out visitor is asked to sign in here, then comes back.
    path: 'join/:token',
    title: $localize`:@@shell.title.join:Join a board · Corkboard`,
    loadComponent: () => import('./boards/join-page').then((m) => m.JoinPage),
  },
  {
    path: '',
    component: AppShell,
    canActivate: [authGuard],
    children: [
      {
        path: 'boards',
        title: $localize`:@@shell.title.boards:Boards · Corkboard`,
        loadComponent: () => import('./boards/boards-page').then((m) => m.BoardsPage),
      },
      {
        path: 'boards/:id',
        title: $localize`:@@shell.title.board:Board · Corkboard`,
        data: { fullBleed: true },
        loadComponent: () => import('./board/board-page').then((m) => m.BoardPage),
      },
      {
        path: 'conversations',
        title: $localize`:@@shell.title.conversations:Messages · Corkboard`,
        data: { fullBleed: true },
        loadComponent: () => import('./chat/conversations-page').then((m) => m.ConversationsPage),
        children: [
          {
            path: ':id',
            title: $localize`:@@shell.title.conversation:Conversation · Corkboard`,
            data: { fullBleed: true },
            loadComponent: () => import('./chat/conversation-view').then((m) => m.ConversationView),
          },
        ],
      },
    ],
  },
  { path: '**', redirectTo: 'boards' },
];
