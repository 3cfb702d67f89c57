// SVG paths (20×20 viewBox) shared by the call controls and the notification bell.
export const PHONE_PATH =
  'M6.6 2.8 4.5 3.4c-.9.3-1.5 1.2-1.3 2.2.9 5.1 5 9.2 10.1 10.1 1 .2 1.9-.4 2.2-1.3l.6-2.1-3.4-1.6-1.4 1.6c-2-.8-3.6-2.4-4.4-4.4l1.6-1.4L6.6 2.8Z';
export const CAMERA_PATH =
  'M3 6.5A1.5 1.5 0 0 1 4.5 5h7A1.5 1.5 0 0 1 13 6.5v7a1.5 1.5 0 0 1-1.5 1.5h-7A1.5 1.5 0 0 1 3 13.5v-7Zm11 2 3-2v7l-3-2v-3Z';
