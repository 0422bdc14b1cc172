using Uring.Hardening.Child;

return ChildRunner.Run(args);
